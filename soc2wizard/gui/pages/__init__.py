"""One page per wizard step, plus the start page."""
