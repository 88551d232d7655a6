"""The rules of a dialogue café: plain Python, no Flask, no sockets, time passed in."""
