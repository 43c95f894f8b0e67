"""What happens on each screen action, one module per part of the visit."""
