"""Tools for developers and benchmarks, not part of the running kiosk: the screen walkthrough and its
accessibility measurement, the start-up and event-loop probes behind ``kiosk bench ui``, and the identity
bench's devices (``kiosk bench identity``)."""
