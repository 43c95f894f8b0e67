"""docprinter driver and simulator."""
