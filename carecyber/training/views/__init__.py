"""Pages of the training capability: learning, compliance, SCORM, and the public certificate check."""
