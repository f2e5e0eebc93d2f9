"""The intent classifier: pure text analysis of one operator message, nothing else of Resync."""
