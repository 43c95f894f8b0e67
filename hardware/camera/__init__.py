"""camera driver and simulator."""
