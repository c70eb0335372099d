"""Drawing answers: the pyvis graph view and the plotly timeline."""
