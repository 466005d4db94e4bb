package ext

// Deferred counts the compiles c holds for a validation that may need the
// companion.
func Deferred(c *Client) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.deferred)
}
