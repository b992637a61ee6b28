// Package greeting is served only by the private module proxy of the build-secrets e2e test.
package greeting

// For greets name, saying where the module came from.
func For(name string) string {
	if name == "" {
		name = "stranger"
	}
	return "hello " + name + ", from the private module proxy"
}
