"""Reading back the state a channel's SSE frame carries."""

import json


def state_in(frame: bytes | None) -> dict | None:
    if frame is None:
        return None
    lines = frame.decode().splitlines()
    return json.loads("".join(line[len("data: ") :] for line in lines if line.startswith("data: ")))
