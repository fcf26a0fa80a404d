package mailin

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/preread/preread"
	"golang.org/x/sync/errgroup"
	"golang.org/x/sync/semaphore"
)

// streamLimits size the stages of a long pass.
type streamLimits struct {
	// fetchChunk is how many messages one UID FETCH asks for. Between two
	// fetches the server runs the moves queued meanwhile.
	fetchChunk int
	// moveMin is how many committed messages the mover gathers before a
	// move (all of them at the end): each UID MOVE costs the server a
	// rewrite of its index of what is left in the inbox, so few big moves
	// beat many small ones. 10,000 replies in moves of 1,000 cost Dovecot
	// 0.3-0.5 s of CPU more than in one (BENCHMARKS.md): a pass moves
	// once at its end, and a backlog bigger than moveMin in moves of that
	// many. The database, not the folder, is the record of what is filed.
	moveMin int
	// queueLen is how many messages may wait between the stages: enough
	// to keep the workers busy while the server runs a move (the server
	// sends nothing meanwhile), within inFlight.
	queueLen int
	// inFlight bounds the bytes of the messages fetched but not yet
	// processed; a bigger message waits until it can go through alone.
	inFlight int64
}

var defaultLimits = streamLimits{fetchChunk: 1000, moveMin: 50000, queueLen: 4096, inFlight: 16 << 20}

func (s *Syncer) streamLimits() streamLimits {
	if s.limits != nil {
		return *s.limits
	}
	return defaultLimits
}

// budget bounds the bytes of the messages between the fetcher and the
// workers. A message counts its size, at most the whole budget, so a
// bigger one goes through alone.
type budget struct {
	sem *semaphore.Weighted
	max int64
}

func newBudget(max int64) *budget { return &budget{sem: semaphore.NewWeighted(max), max: max} }

func (b *budget) take(ctx context.Context, size int64) error {
	return b.sem.Acquire(ctx, min(size, b.max))
}

func (b *budget) give(size int64) { b.sem.Release(min(size, b.max)) }

// fetched is one downloaded message, numbered in arrival order.
type fetched struct {
	seq      int
	uid      uint32
	raw      []byte
	received time.Time // INTERNALDATE: when the server took it in
	refused  string    // the server's NO to fetching it, read alone; raw is empty
	tooBig   bool      // over the size limit: not read, raw is empty (readOversized)
}

// result is what a worker made of one fetched message.
type result struct {
	seq int
	p   preread.Processed
}

// stream files messages the way a long pass needs to be fast: one goroutine
// fetches them in UID order, workers (processWorkers) process them in
// parallel, one goroutine records them in arrival order, a batch per transaction,
// and a mover moves what is committed, on the same connection between two
// fetches. So the server sends and moves while we parse and SQLite commits.
// Every message is still recorded before it moves, and noted as begun
// (alone says one by one) before it is fetched. An error stops every
// stage and closes the connection, which is unusable mid-command.
//
// A message over the size limit is not read: the server sends at most
// one byte more than the limit of each, so the size of what it sends
// tells. stream returns those, unread, their noted begin taken back, for
// readOversized.
func (s *Syncer) stream(ctx context.Context, c *imapclient.Client, validity uint32, uids []uint32, alone bool, progress func(int), stats *Stats) (tooBig []uint32, err error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	g, gctx := errgroup.WithContext(ctx)
	workers := processWorkers()
	limits := s.streamLimits()
	budget := newBudget(limits.inFlight)
	raws := make(chan fetched, limits.queueLen)
	results := make(chan result, limits.queueLen)
	m := newMover(s, c, validity, limits.moveMin)
	var closeOnce sync.Once
	abort := func(err error) error {
		cancel(err) // first, so no stage waits on another while the connection closes
		closeOnce.Do(func() { c.Close() })
		return err
	}

	g.Go(func() error {
		defer close(raws)
		var err error
		if tooBig, err = s.fetchStream(gctx, c, validity, uids, alone, limits.fetchChunk, budget, raws); err != nil {
			return abort(err)
		}
		return nil
	})
	var working sync.WaitGroup
	for range workers {
		working.Add(1)
		g.Go(func() error {
			defer working.Done()
			if err := s.processStream(gctx, validity, raws, budget, results); err != nil {
				return abort(err)
			}
			return nil
		})
	}
	go func() {
		working.Wait()
		close(results)
	}()
	g.Go(func() error {
		if err := m.run(gctx); err != nil {
			return abort(err)
		}
		return nil
	})
	g.Go(func() error {
		defer m.close()
		if err := s.recordStream(gctx, validity, results, m, progress, stats); err != nil {
			return abort(err)
		}
		return nil
	})
	if err := g.Wait(); err != nil {
		if cause := context.Cause(ctx); cause != nil {
			return nil, cause // the stage that failed first, not one that saw it cancel the rest
		}
		return nil, err
	}
	return tooBig, s.Filer.TakeBackAttempts(ctx, validity, tooBig, alone)
}

// processWorkers is how many messages are processed at once: one per CPU
// but one, which the fetcher and the recorder need. They are the serial
// stages: when they wait for a CPU, the server waits for them.
func processWorkers() int {
	return max(1, runtime.GOMAXPROCS(0)-1)
}

// fetchStream downloads the messages in chunks and hands them on in
// order, within the in-flight byte budget, and returns those over the
// size limit, unread. Each chunk is noted as begun first, so a message
// the process dies on is known at the next pass.
//
// The server is asked for the first maxSize+1 bytes of each message: no
// search for the big ones first, which costs a server without the sizes
// at hand a read of every message (Dovecot's maildir without W= in the
// file names), and at most that much of a big one comes down.
func (s *Syncer) fetchStream(ctx context.Context, c *imapclient.Client, validity uint32, uids []uint32, alone bool, chunk int, budget *budget, out chan<- fetched) (tooBig []uint32, err error) {
	limit := int64(s.maxSize())
	body := &imap.FetchItemBodySection{Peek: true, Partial: &imap.SectionPartial{Size: limit + 1}}
	h := &handing{budget: budget, limit: limit, out: out}
	for _, part := range chunks(uids, chunk) {
		if err := s.Filer.StartAttempts(ctx, validity, part, alone); err != nil {
			return nil, err
		}
		cmd := c.Fetch(uidSet(part), &imap.FetchOptions{UID: true, InternalDate: true, BodySection: []*imap.FetchItemBodySection{body}})
		h.delivered = map[uint32]bool{}
		empty, err := h.handOn(ctx, cmd)
		if err != nil {
			// The client's reader waits until each message is consumed, so
			// closing the connection alone would not stop it: the command
			// drains in the background while the caller closes it.
			go cmd.Close()
			return nil, err
		}
		if err := cmd.Close(); err != nil {
			if busy(err) { // what it gave goes on; what it refused is not held against the messages
				return nil, s.endBusy(ctx, validity, undelivered(part, h.delivered), alone, err)
			}
			if err := s.refusedFetch(ctx, err, part, h.delivered, alone, out, &h.seq); err != nil {
				return nil, err
			}
			continue
		}
		for _, f := range empty { // a FETCH that ended well: they are empty indeed
			if err := send(ctx, out, f, &h.seq); err != nil {
				return nil, err
			}
		}
	}
	return h.tooBig, nil
}

// refusedFetch handles a FETCH the server ended with NO or BAD, having
// sent what it could: the connection is still good. A message refused
// alone is handed on as refused, to be failed with the server's answer;
// ones refused in a batch are left noted as begun, so the next pass reads
// them one by one, and the pass goes on. Any other error ends the pass.
func (s *Syncer) refusedFetch(ctx context.Context, err error, part []uint32, delivered map[uint32]bool, alone bool, out chan<- fetched, seq *int) error {
	var refused *imap.Error
	if !errors.As(err, &refused) {
		return fmt.Errorf("fetch messages: %w", err)
	}
	missing := undelivered(part, delivered)
	if !alone {
		s.Log.Warn("the server would not give some messages: the next pass reads them one by one", "count", len(missing), "err", err)
		return nil
	}
	for _, uid := range missing {
		if err := send(ctx, out, fetched{uid: uid, refused: refusal(refused)}, seq); err != nil {
			return err
		}
	}
	return nil
}

// send hands one message on, numbered next.
func send(ctx context.Context, out chan<- fetched, f fetched, seq *int) error {
	f.seq = *seq
	select {
	case out <- f:
		*seq++
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// handing is what fetchStream keeps across its FETCHes: the numbering of
// the messages handed on, and the ones over the limit.
type handing struct {
	budget    *budget
	limit     int64 // the size limit: a message over it is not read
	out       chan<- fetched
	seq       int
	delivered map[uint32]bool // of the current FETCH: the messages it gave
	tooBig    []uint32
}

// handOn passes the messages of one FETCH to the workers, and notes
// which. Empty ones are held back until the FETCH ends: see refusedFetch.
func (h *handing) handOn(ctx context.Context, cmd *imapclient.FetchCommand) (empty []fetched, err error) {
	for msg := cmd.Next(); msg != nil; msg = cmd.Next() {
		f, err := readMessage(ctx, msg, h.budget, h.limit)
		if err != nil {
			return nil, err
		}
		if f.tooBig {
			h.delivered[f.uid] = true
			h.tooBig = append(h.tooBig, f.uid)
			continue
		}
		if len(f.raw) == 0 { // what a server sends for one it cannot read, before its NO
			empty = append(empty, f)
			continue
		}
		h.delivered[f.uid] = true
		f.seq = h.seq
		select {
		case h.out <- f:
			h.seq++
		case <-ctx.Done():
			h.budget.give(int64(len(f.raw)))
			return nil, ctx.Err()
		}
	}
	return empty, nil
}

// readMessage reads one message of a FETCH response: its UID, its
// INTERNALDATE and its bytes. The size comes before the bytes, so the
// budget is taken first: a message that does not fit waits, unread, until
// the workers have let go of what is in flight. One over limit is left
// unread (the client skips its bytes) and marked tooBig.
func readMessage(ctx context.Context, msg *imapclient.FetchMessageData, budget *budget, limit int64) (fetched, error) {
	f := fetched{raw: []byte{}}
	for item := msg.Next(); item != nil; item = msg.Next() {
		switch item := item.(type) {
		case imapclient.FetchItemDataUID:
			f.uid = uint32(item.UID)
		case imapclient.FetchItemDataInternalDate:
			f.received = item.Time
		case imapclient.FetchItemDataBodySection:
			if item.Literal == nil || len(f.raw) > 0 || f.tooBig {
				continue
			}
			if item.Literal.Size() > limit {
				f.tooBig = true
				continue
			}
			if err := budget.take(ctx, item.Literal.Size()); err != nil {
				return f, err
			}
			f.raw = make([]byte, item.Literal.Size())
			if _, err := io.ReadFull(item.Literal, f.raw); err != nil {
				budget.give(int64(len(f.raw)))
				return f, fmt.Errorf("fetch message: %w", err)
			}
		}
	}
	return f, nil
}

// processStream is one worker: it processes messages until there are no
// more.
func (s *Syncer) processStream(ctx context.Context, validity uint32, in <-chan fetched, budget *budget, out chan<- result) error {
	for f := range in {
		p, err := s.Processor.Process(ctx, f.raw, f.received)
		if f.refused != "" {
			p, err = refusedMessage(validity, f.uid, f.refused), nil
		}
		budget.give(int64(len(f.raw)))
		if err != nil {
			return fmt.Errorf("process uid %d: %w", f.uid, err)
		}
		p.UIDValidity, p.UID = validity, f.uid
		select {
		case out <- result{seq: f.seq, p: p}:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// recordStream puts the workers' results back in arrival order and commits
// them a batch at a time, handing each committed batch to the mover.
func (s *Syncer) recordStream(ctx context.Context, validity uint32, in <-chan result, m *mover, progress func(int), stats *Stats) error {
	size := max(s.BatchSize, 1)
	waiting := map[int]preread.Processed{}
	next := 0
	var batch []preread.Processed
	commit := func() error {
		if err := s.record(ctx, validity, batch, stats, m.add); err != nil {
			return err
		}
		progress(len(batch))
		batch = batch[:0]
		return nil
	}
	for r := range in {
		waiting[r.seq] = r.p
		for p, ok := waiting[next]; ok; p, ok = waiting[next] {
			delete(waiting, next)
			next++
			batch = append(batch, p)
			if len(batch) >= size {
				if err := commit(); err != nil {
					return err
				}
			}
		}
	}
	if err := ctx.Err(); err != nil {
		return err // a stage failed: its error is the one to report
	}
	if len(batch) > 0 {
		return commit()
	}
	return nil
}
