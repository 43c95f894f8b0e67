"""One screen per session state (several states may share a screen)."""
