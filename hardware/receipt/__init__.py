"""receipt driver and simulator."""
