"""Domain and storage: table models, engines, schema migrations and the queries over them."""
