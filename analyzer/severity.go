package analyzer

import (
	"encoding/json"
	"fmt"
)

// Severity ranks a finding. The zero value means "use the rule's default".
type Severity int

// Severities from least to most serious.
const (
	Info Severity = iota + 1
	Warning
	Error
)

// String returns the lowercase name used in every output format.
func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return "default"
}

// ParseSeverity reads a severity name as written in flags and config.
func ParseSeverity(s string) (Severity, error) {
	switch s {
	case "info":
		return Info, nil
	case "warning":
		return Warning, nil
	case "error":
		return Error, nil
	}
	return 0, fmt.Errorf("unknown severity %q (want error, warning or info)", s)
}

// MarshalJSON writes the severity as its name.
func (s Severity) MarshalJSON() ([]byte, error) { return json.Marshal(s.String()) }
