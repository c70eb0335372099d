"""`accountable serve`: the graph as a local web app (Starlette + Jinja2, served by uvicorn).

Pages and a JSON API over the same Python API the CLI uses (`accountable.open`,
`accountable.to_json`), and a review page for drafts. Templates and static files are package
data under `accountable/web/templates` and `accountable/web/static`.
"""

