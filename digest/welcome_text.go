package digest

// welcomeText lays out the plain-text part of a welcome.
func welcomeText(v welcomeView) string {
	var t textWriter
	t.line(v.Greeting)
	t.blank()
	t.para("", "", v.Intro)
	for _, s := range v.Sections {
		t.heading(s.Title)
		for i, p := range s.Paras {
			if i > 0 {
				t.blank()
			}
			t.para("", "", p)
		}
		if len(s.Rows) > 0 {
			t.blank()
		}
		for _, r := range s.Rows {
			t.para("  ", "  ", r.Term)
			t.para("      ", "      ", r.Meaning)
		}
	}
	t.blank()
	t.signature()
	t.para("", "", v.Footer)
	return t.String()
}
