"""Anonymous service statistics per point and hour: what residents come for (the seed's high-frequency
demand analysis). Nothing here names a person: counts, durations and ratings only."""
