"""Who is at the kiosk: the card's data, the ID-number rules and the identity-check policy."""
