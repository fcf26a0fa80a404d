package when

import (
	"regexp"

	"github.com/preread/preread"
)

// returnPhrase finds where an out-of-office reply names its last day away
// ("until", "bis zum", "jusqu'au") or its first day back ("back on",
// "wieder am", "de retour le"): the day follows the phrase.
var returnPhrase = regexp.MustCompile(`(?i)\b(until|till|through|to|thru|bis einschließlich|bis einschliesslich|bis zum|bis|jusqu'au|jusqu’au|jusqu'à|jusqu’à|au)\s|` +
	`\b(back on|back in the office on|back in the office|back|returning on|returning|return on|return|in the office on|` +
	`zurück am|wieder am|wieder ab|ab dem|ab|de retour le|de retour|retour le|retour)\s`)

// farAhead is the furthest a return date may be, in days.
const farAhead = 180

// scanLimit bounds how much of a reply is searched: the return date stands
// near its top.
const scanLimit = 4000

// ReturnDate reads the last day away that an out-of-office reply names:
// "until Fri 18 Dec" and "bis zum 4. Januar" through that day, "back on 4
// January" and "de retour le 4 janvier" through the day before. ok is
// false when it names none that is today or later.
func ReturnDate(text string, today preread.Date) (last preread.Date, ok bool) {
	if len(text) > scanLimit {
		text = text[:scanLimit]
	}
	for _, m := range returnPhrase.FindAllStringSubmatchIndex(text, 50) {
		d, _, _, ok := Date(text[m[1]:], today)
		if !ok {
			continue
		}
		if m[4] >= 0 { // a first day back
			d = d.AddDays(-1)
		}
		// A day without a year is the next to come, so a past one ("was
		// away until 2 December") reads as far ahead: no reply means that.
		if !d.Before(today) && !d.After(today.AddDays(farAhead)) {
			return d, true
		}
	}
	return preread.Date{}, false
}
