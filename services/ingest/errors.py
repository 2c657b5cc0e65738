"""Why a dispatch could not be read. The message is the one-line reason in the dead letter."""


class UnreadableDispatchError(ValueError):
    """The item is not a dispatch tocsin can read; `reason` is a short machine-friendly key."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
