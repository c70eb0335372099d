"""The draft as YAML in the seeds' layout: the Source first, then the records."""

from __future__ import annotations

from typing import Any

import yaml
from accountable.loaders.draft.drafter import Draft


class _Dumper(yaml.SafeDumper):
    """Plain block YAML; strings that would read as dates or numbers come out quoted."""


def to_yaml(draft: Draft, article_name: str) -> str:
    """YAML for seeds/: one list holding the Source and every drafted record."""
    where = (f"# The article is already {draft.source['id']}: the records below cite it.\n\n"
             if draft.source.get("existing") else
             "# The article's text must be in seeds/sources/ under the file name the Source\n"
             "# gives; the Source record may stay here or move to seeds/sources.yaml.\n\n")
    head = (f"# Drafted by `accountable draft` from {article_name}. Nothing here is reviewed.\n"
            "# For each record: check it against the article, fix or delete it, then delete\n"
            "# its 'draft: true' line ('found_by' names the rule; keep or delete it).\n"
            "# Records with 'existing: true' add citations to entities already in the facts.\n"
            + where)
    items: list[Any] = [draft.source, *draft.records]
    body = "".join(yaml.dump([item], Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                             width=100) + "\n" for item in items)
    return head + body
