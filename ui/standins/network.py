"""The gateway's reachability as the banner shows it: a stand-in until the sync client is wired in.

The demo panel and the tests switch it off and on, as pulling the network cable would.
"""

from __future__ import annotations

import time

from ui.services import NetworkState


class SimulatedNetwork:
    def __init__(self) -> None:
        self.online = True
        self.last_sync: float | None = time.time()

    def state(self) -> NetworkState:
        return NetworkState(self.online, self.last_sync)

    def set_online(self, online: bool) -> None:
        if online:
            self.last_sync = time.time()
        self.online = online
