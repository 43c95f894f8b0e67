"""Staff at the kiosk (agents 代办员 and technicians): the synced registry, PIN checks and lockout."""
