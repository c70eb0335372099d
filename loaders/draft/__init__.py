"""`accountable draft`: a rule-based, deterministic drafter from a news article to seed records.

Imported only by the `draft` command, so its cost stays out of the other commands.
"""

from accountable.loaders.draft.drafter import Draft, DraftError, draft_article, read_article

__all__ = ["Draft", "DraftError", "draft_article", "read_article"]
