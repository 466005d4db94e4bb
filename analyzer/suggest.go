package analyzer

import "strings"

// Closest returns the name among names most likely meant by a misspelt
// one: the same letters in another case, or the nearest within two edits
// (one for names of up to four letters). It returns "" when none is close:
// a wrong guess is worse than none.
func Closest(unknown string, names []string) string {
	best, bestDist := "", 3
	if len(unknown) <= 4 {
		bestDist = 2
	}
	for _, name := range names {
		if name == unknown {
			continue
		}
		if strings.EqualFold(name, unknown) {
			return name
		}
		if d := EditDistance(strings.ToLower(unknown), strings.ToLower(name)); d < bestDist {
			best, bestDist = name, d
		}
	}
	return best
}

// EditDistance is the optimal string alignment distance between a and b:
// insertions, deletions, substitutions, and swaps of neighbours (as in
// "contianers") each count as one edit.
func EditDistance(a, b string) int {
	if d := len(a) - len(b); d > 3 || d < -3 {
		return 4 // far apart anyway; spare the table
	}
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
