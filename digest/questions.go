package digest

import "github.com/preread/preread"

// question is a suggested 1:1 topic, phrased for whoever reads the
// pre-read: the manager asks the report, or the report asks the manager.
type question struct {
	Category preread.Category
	Manager  string
	Report   string
}

// questions is the pool of suggestions for an empty agenda. It is ordered
// by round: one question from each category, in the order of
// preread.Categories, then the next round. Three consecutive questions thus
// always come from three different categories.
var questions = []question{
	{preread.CategoryGrowth,
		"What skill would you like to build next, and how can I help?",
		"What skill should I build next, and how?"},
	{preread.CategoryFeedback,
		"What feedback would help you most right now?",
		"How am I doing on my current projects?"},
	{preread.CategoryHelp,
		"What is blocking you that I can help remove?",
		"Could you help me remove something that is blocking me?"},
	{preread.CategoryOffer,
		"Is there work on another team you'd like to help with?",
		"Is there work on another team I could help with?"},
	{preread.CategoryIdea,
		"What idea for the product or the team is on your mind?",
		"Could we talk about an idea I have for the product or the team?"},
	{preread.CategoryOther,
		"What haven't we talked about in a while?",
		"What haven't we talked about in a while?"},

	{preread.CategoryGrowth,
		"Is there a bigger scope you'd like to take on?",
		"Is there a bigger scope I could take on?"},
	{preread.CategoryFeedback,
		"What should I do better, or stop doing, as your manager?",
		"What should I do better, or stop doing?"},
	{preread.CategoryHelp,
		"Where could you use help from the team?",
		"Where could I use help from the team?"},
	{preread.CategoryOffer,
		"Is there someone on the team you'd like to help or mentor?",
		"Is there someone on the team I could help or mentor?"},
	{preread.CategoryIdea,
		"What would you change about how the team works?",
		"What should we change about how the team works?"},
	{preread.CategoryOther,
		"How are you feeling about work lately?",
		"Can I tell you how I've been feeling about work lately?"},

	{preread.CategoryGrowth,
		"Where do you want to be in a year, and what would get you there?",
		"Where could I be in a year, and what would get me there?"},
	{preread.CategoryFeedback,
		"Would it help to hear what partner teams say about your work?",
		"What feedback do partner teams give about my work?"},
	{preread.CategoryHelp,
		"How is your workload: too much, too little or about right?",
		"Can we look at my workload together?"},
	{preread.CategoryOffer,
		"Is there something on my plate you'd like to take on?",
		"Is there something on your plate I could take on?"},
	{preread.CategoryIdea,
		"Which of our processes would you make simpler?",
		"Which of our processes could we make simpler?"},
	{preread.CategoryOther,
		"Is there anything outside work I should know about?",
		"Is there anything outside work you should know about?"},
}

// suggestionCount is how many questions an empty agenda suggests.
const suggestionCount = 3

// suggest picks the questions for an empty agenda in the given week,
// phrased for the manager or the report. Consecutive weeks get different
// questions; the pool comes round again every six weeks.
func suggest(week int, forReport bool) []string {
	n := len(questions)
	start := ((week*suggestionCount)%n + n) % n
	out := make([]string, 0, suggestionCount)
	for i := range suggestionCount {
		q := questions[(start+i)%n]
		if forReport {
			out = append(out, q.Report)
		} else {
			out = append(out, q.Manager)
		}
	}
	return out
}
