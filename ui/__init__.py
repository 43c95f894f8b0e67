"""PySide6 screens and widgets. Knows kiosk/ and hardware/ interfaces; nothing else imports ui/."""
