"""Post titles as English local-government news writes them, mapped to the model's post kinds.

One set of rules, shared by the article drafter (`accountable draft`) and the spreadsheet
importer (`accountable import-csv`): a title typed in a spreadsheet and a title found in an
article must land on the same kind. Each rule is a regular expression over a normalised title
(lower case, typographic apostrophes straightened, "&" read as "and"); the first that matches
wins, so the more specific rules come first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from accountable.graph.model import Words

#: The post kinds the rules map to, checked against the model's `post_kind` vocabulary.
POST_KIND = Words("post_kind")

# What "children's services" is called in titles: children's services, children and young
# people, children and families, children's social care, or just children.
CHILDREN = (
    r"(?:children(?:'s)?(?:\s+and\s+(?:young\s+people|families|family\s+services|education))?"
    r"(?:'s)?(?:\s+(?:services?|social\s+care|social\s+services))?|young\s+people|"
    r"safeguarding|social\s+care)"
)


@dataclass(frozen=True)
class TitleRule:
    """One way of writing a post: the regex over a normalised title, and the kind it means."""

    name: str
    pattern: re.Pattern[str]
    kind: str
    why: str


def _rule(kind: str, regex: str, why: str, name: str = "") -> TitleRule:
    """A rule named after its kind unless given a `name` of its own."""
    return TitleRule(name or kind, re.compile(regex, re.IGNORECASE), kind, why)


# Order matters: the first rule that matches decides.
RULES: tuple[TitleRule, ...] = (
    # Chairs of safeguarding boards before anything with "chair" or "children" in it.
    _rule(POST_KIND.lscb_chair,
          r"\b(?:independent\s+)?chair(?:man|woman|person)?\s+of\s+(?:the\s+)?(?:\w+\s+)*?"
          r"(?:local\s+)?safeguarding\s+(?:children(?:'s)?\s+)?(?:board|partnership)|"
          r"\blscb\s+chair|\bsafeguarding\s+(?:children(?:'s)?\s+)?board\s+chair",
          "the LSCB (or its successor partnership) has an independent chair"),
    # DfE-appointed commissioners: "children's services commissioner", "commissioner for ...".
    _rule(POST_KIND.commissioner,
          r"\bcommissioner\b",
          "the Department for Education appoints commissioners to failing services"),
    # "Head of children's services" is how news names the statutory director (Haringey's
    # "head of children's services" was its DCS); "head of children's social care",
    # "head of safeguarding" and "head of service" are a tier below.
    _rule(POST_KIND.dcs,
          r"\bhead\s+of\s+children(?:'s)?\s+services\b",
          "news writes the statutory director as the head of children's services",
          name="dcs_head"),
    # Heads of service (a tier below the DCS).
    _rule(POST_KIND.head_of_service,
          rf"\bhead\s+of\s+(?:\w+\s+)?{CHILDREN}|\bhead\s+of\s+service\b",
          "heads of service run part of the department under the DCS"),
    # Assistant/deputy/service directors, before the DCS rule: "service director for children
    # and families" is not the statutory director.
    _rule(POST_KIND.service_director,
          r"\b(?:assistant|deputy|service)\s+director\b",
          "a director below the statutory DCS"),
    # Statutory DCS, in its many spellings, including interim/acting/strategic/corporate ones.
    _rule(POST_KIND.dcs,
          rf"\b(?:(?:interim|acting|strategic|corporate|executive|group)\s+)?director\s+"
          rf"(?:of|for)\s+(?:(?:education|learning|schools|family|families|people|"
          rf"communities|adult\s+social\s+care|adults?(?:'s)?(?:\s+services)?|health)"
          rf"(?:,\s*|\s+and\s+))?{CHILDREN}|\b{CHILDREN}\s+director\b|\bdcs\b|"
          rf"\bservices'\s+director\b|\bdirector\s+of\s+the\s+services\b|"
          rf"\bdirector(?:\s+(?:of|for)|\s*,|\s+[–-])\s+people(?:'s)?(?:\s+services)?\b|"
          rf"\b(?:children's\s+services|social\s+services|children's\s+social\s+care|"
          rf"children's)\s+(?:boss|chief)\b",
          "Children Act 2004 s.18: the director of children's services"),
    # Statutory lead member: cabinet/lead/executive member or portfolio holder for children.
    _rule(POST_KIND.lead_member,
          rf"\b(?:(?:cabinet|lead|executive)\s+member|cabinet\s+lead|councillor)\s+"
          rf"(?:for|responsible\s+for|with\s+"
          rf"responsibility\s+for)\s+(?:\w+\s+(?:and\s+)?)?{CHILDREN}|\bportfolio\s+holder\s+"
          rf"for\s+(?:\w+\s+(?:and\s+)?)?{CHILDREN}|\b{CHILDREN}\s+(?:cabinet|lead|portfolio|executive)\s+"
          rf"(?:member|holder)\b|\b{CHILDREN}\s+portfolio\b",
          "Children Act 2004 s.19: the lead member for children's services"),
    # Leader of the council: "council leader", "leader of X council", "leader".
    _rule(POST_KIND.leader,
          r"\bcouncil\s+leader\b|\bleader\s+of\s+(?:the\s+)?(?:[\w'-]+\s+){0,4}"
          r"(?:council|authority)\b|^leader$|^(?:the\s+)?leader\s+of\s+the\s+council$",
          "the council's political leader"),
    # Chief executive: of a council, or of a children's services trust (kind decided by org).
    _rule(POST_KIND.chief_executive,
          r"\bchief\s+executive(?:\s+officer)?\b|\bceo\b|\bmanaging\s+director\b",
          "the head of paid service"),
    _rule(POST_KIND.mp,
          r"\bmp\b|\bmember\s+of\s+parliament\b",
          "members of Parliament"),
    _rule(POST_KIND.inspector,
          r"\binspector\b|\bhmi\b",
          "Ofsted inspectors"),
)


def normalise_title(title: str) -> str:
    """Lower case, straight apostrophes, `&` as `and`, single spaces."""
    t = title.replace("\u2019", "'").replace("\u2018", "'").replace("&", " and ")
    return re.sub(r"\s+", " ", t).strip().lower()


def match_title(title: str) -> TitleRule | None:
    """The first rule that recognises this title, or None."""
    t = normalise_title(title)
    for rule in RULES:
        if rule.pattern.search(t):
            return rule
    return None


def post_kind(title: str) -> str:
    """The model's post kind for a title; `other` (title kept by the caller) when none fits."""
    rule = match_title(title)
    return rule.kind if rule else "other"
