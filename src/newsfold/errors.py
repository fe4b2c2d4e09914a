"""The one exception tree of newsfold.

    NewsfoldError            base: the CLI turns any of these into one clear line
    ├── SourceError          a path or stream cannot be read at all
    ├── StoreError           the store cannot be opened, migrated or written
    ├── NotFound             an ID, story or speaker asked for does not exist
    └── UsageError           arguments that make no sense together

Per-item problems (a bad file inside a folder, an undecodable row) are *not*
exceptions: sources yield :class:`newsfold.records.Rejected` values, the batch
goes on and the rejection is recorded in the store's error table.
"""


class NewsfoldError(Exception):
    """Base class of every error newsfold raises on purpose."""


class SourceError(NewsfoldError):
    """A path or stream cannot be read at all."""


class StoreError(NewsfoldError):
    """The store cannot be opened, migrated or written."""


class NotFound(NewsfoldError):
    """A requested record does not exist."""


class UsageError(NewsfoldError):
    """Arguments that make no sense together."""
