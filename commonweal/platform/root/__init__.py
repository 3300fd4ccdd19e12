"""The composition root: the GraphQL schemas, the URL maps, the CLI and the servers' entry
points. It is the only part of the platform that imports the domain apps, to put them together.
"""
