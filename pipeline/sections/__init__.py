"""One parser per section of a case. Each takes the segmented case (lines with
positions) and returns plain values plus where it read them."""
