"""Device drivers and their simulators. No Qt; imports only kiosk's plain data types and errors."""
