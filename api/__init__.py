"""The HTTP service: a thin FastAPI door into the `optimizer` library.

`api` imports `optimizer`, never the reverse. Start it with `blanko serve`, or with
`uvicorn --factory api.main:create_app`.
"""
