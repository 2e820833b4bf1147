"""The engine: the flow network, the staged model of docs/model.md, `solve` and `evaluate`.

Imports only `optimizer.schema` from outside itself.
"""
