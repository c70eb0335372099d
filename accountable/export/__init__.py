"""Exports of the graph for other tools: FollowTheMoney, GraphML/GEXF, CSV tables.

Every format starts from the same `Graph` (`graphdata.read_graph`): the whole store, or one
council's subgraph. Facts that the model says read as one edge (`Schema.edge`: Tenure,
Contract) are drawn as edges by reading that declaration, not by code per label.
"""
