package quote

import (
	"strings"
)

// signOffs are the complimentary closes, lower case, that end a reply or
// a status ("Thanks", "Best regards", "Viele Grüße"). Trim keeps one with
// the name under it and drops the title and contact lines after them;
// SplitStatus drops it with the name.
var signOffs = setOf(
	"thanks", "thank you", "many thanks", "thanks again", "thanks a lot", "thx", "ty", "cheers", "regards",
	"best regards", "kind regards", "warm regards", "warmest regards", "best", "all the best", "best wishes",
	"sincerely", "yours sincerely", "yours truly", "yours", "cordially", "respectfully", "take care", "br", "kr",
	"rgds", "merci", "cordialement", "bien cordialement", "bien à vous", "amicalement", "bonne journée",
	"danke", "vielen dank", "gruß", "gruss", "grüße", "viele grüße", "beste grüße", "liebe grüße",
	"freundliche grüße", "mit freundlichen grüßen", "lg", "vg", "mfg", "saludos", "un saludo", "atentamente",
	"cumprimentos", "abraços", "atenciosamente", "obrigado", "obrigada", "groeten", "met vriendelijke groet",
	"saluti", "cordiali saluti", "distinti saluti", "grazie", "pozdrawiam", "mvh", "med vänlig hälsning",
	"vänliga hälsningar", "hälsningar", "ystävällisin terveisin", "с уважением", "спасибо",
)

// setOf returns a set of words.
func setOf(words ...string) map[string]bool {
	set := make(map[string]bool, len(words))
	for _, w := range words {
		set[w] = true
	}
	return set
}

// isClosing reports a line that is a sign-off alone, followed only by
// blanks and punctuation: "Thanks,", "Best regards!".
func isClosing(s string) bool {
	s = strings.TrimRight(s, " \t\n\f\r,.!")
	// Lower-casing keeps the blanks: a line with more than a sign-off
	// has is none, and most lines have more.
	return strings.Count(s, " ") < signOffWords && signOffs[toLower(s)]
}

// cutSignOff drops a sign-off at the end of lines: "Thanks!",
// "Cheers, Alice", "Best," with a short name line after it, or a bare first
// name (see bareName).
func cutSignOff(lines []string) []string {
	last := len(lines) - 1
	for last >= 0 && strings.TrimSpace(lines[last]) == "" {
		last--
	}
	if last < 0 {
		return lines
	}
	if bareName(lines, last) >= 0 {
		return cutSignOff(lines[:last])
	}
	if isSignOffLine(lines[last]) {
		return lines[:last]
	}
	prev := last - 1
	for prev >= 0 && prev >= last-2 && strings.TrimSpace(lines[prev]) == "" {
		prev--
	}
	if prev >= 0 && isSignOffLine(lines[prev]) && isSignOffName(lines[last]) {
		return lines[:prev]
	}
	return lines
}

// isSignOffName says whether line could be the name under a sign-off.
func isSignOffName(line string) bool {
	t := strings.TrimSpace(line)
	return countWords(t) <= 3 && !strings.Contains(t, ":") && strings.IndexAny(t, "-*•+#") != 0
}

// isSignOffLine says whether line is a sign-off such as "Thanks," or
// "Best regards, Alice".
func isSignOffLine(line string) bool {
	t := strings.TrimSpace(line)
	if t == "" || strings.IndexAny(t, "-*•+#") == 0 {
		return false
	}
	if isSignOffWords(t) {
		return true
	}
	head, tail, ok := strings.Cut(t, ",")
	return ok && isSignOffWords(head) && countWords(tail) <= 3
}

// isSignOffWords says whether the words of s (lowerWords) are a sign-off.
// A line with more words than the longest sign-off is not one, and most
// lines are longer.
func isSignOffWords(s string) bool {
	return countWords(s) <= signOffWords && signOffs[strings.Join(lowerWords(s), " ")]
}

// signOffWords is the most words a sign-off has.
var signOffWords = func() int {
	most := 0
	for s := range signOffs {
		most = max(most, strings.Count(s, " ")+1)
	}
	return most
}()
