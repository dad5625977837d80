"""The policy language: the AST (`workrules.nodes`, written by `workrules.parse`), the typed
intermediate form (`ir`) and the stage between them (`typecheck`). See docs/architecture.md."""
