"""tocsin's event contracts: pydantic v2 models, one module per concept."""
