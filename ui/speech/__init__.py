"""Spoken prompts: one recorded prompt per screen, played off the UI thread, with mute and repeat."""
