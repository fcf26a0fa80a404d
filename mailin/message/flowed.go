package message

import "strings"

// unflow joins the soft line breaks of format=flowed text: a line that
// ends in a space goes on in the next line of the same quote depth
// (RFC 3676 §4.2); space-stuffing is undone and, with delsp, the space
// before the break is dropped. The signature separator "-- " stays.
func unflow(s string, delsp bool) string {
	var out []string
	var cur strings.Builder
	open, curDepth := false, 0
	for _, line := range strings.Split(s, "\n") {
		if line == "-- " && !open {
			out = append(out, line)
			continue
		}
		depth := len(line) - len(strings.TrimLeft(line, ">"))
		content := strings.TrimPrefix(line[depth:], " ")
		if !open || depth != curDepth {
			if open {
				out = append(out, strings.TrimRight(cur.String(), " "))
			}
			cur.Reset()
			if depth > 0 {
				cur.WriteString(strings.Repeat(">", depth) + " ")
			}
			curDepth = depth
		}
		open = strings.HasSuffix(content, " ") && content != "-- "
		if open && delsp {
			content = content[:len(content)-1]
		}
		cur.WriteString(content)
		if !open {
			out = append(out, strings.TrimRight(cur.String(), " "))
			cur.Reset()
		}
	}
	if open {
		out = append(out, strings.TrimRight(cur.String(), " "))
	}
	return strings.Join(out, "\n")
}
