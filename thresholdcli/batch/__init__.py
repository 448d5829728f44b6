"""Many records at once: batch scoring, output, threshold audit."""
