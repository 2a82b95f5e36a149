"""Where articles end up: file and Redis stores behind one factory, the event stream, the reader API."""
