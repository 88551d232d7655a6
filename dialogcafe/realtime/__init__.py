"""Socket.IO event handlers, one module per feature; importing the package registers them.

Handlers validate, authorise, call the domain and emit — nothing else (see common.py).
"""

from dialogcafe.realtime import connection, inputs

__all__ = ["connection", "inputs"]
