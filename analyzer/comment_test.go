package analyzer

import "testing"

func TestCommentOf(t *testing.T) {
	tests := []struct {
		name, line, want string
	}{
		{"none", "image: nginx", ""},
		{"trailing", "image: nginx # want: image-tag", "# want: image-tag"},
		{"alone", "  # podlint:ignore x", "# podlint:ignore x"},
		{"double quoted", `value: "a # b" # c`, "# c"},
		{"single quoted", `value: 'it''s # not' # c`, "# c"},
		{"escaped quote", `value: "a \" # b"`, ""},
		{"glued", "url: http://x/#frag", ""},
		{"apostrophe in plain", "msg: don't # c", "# c"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CommentOf(tt.line); got != tt.want {
				t.Errorf("CommentOf(%q) = %q, want %q", tt.line, got, tt.want)
			}
		})
	}
}
