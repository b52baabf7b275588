"""Portfolio: many APIs scanned side by side (`scan`), and the conventions in which one parts
from the rest (`conventions`)."""
