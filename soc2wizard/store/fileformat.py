"""The marks of a workspace file, readable without loading the migrations.

``PRAGMA application_id`` says "this is a soc2wizard workspace";
``PRAGMA user_version`` is the number of schema migrations the file has had.
Raise SCHEMA_VERSION with every migration added to ``schema.py`` (importing
``schema`` checks that the two agree).
"""

APPLICATION_ID = 0x534F4332  # "SOC2"
SCHEMA_VERSION = 3  # 001_initial, 002_answers_customers_pci, 005_deliverables (the lead renumbers on merge)
