package main

/*
#include <features.h>
#ifdef __GLIBC__
#include <malloc.h>
// keepHeap stops glibc from giving the top of the C heap back to the kernel
// after every large free. SQLite allocates and frees page-sized buffers all
// through a transaction (page cache, statement journals); with the default
// 128 KiB threshold each commit shrinks the heap and the next statement
// faults it in again, and on a virtual machine those page faults and TLB
// flushes cost more than the SQL. Memory once used stays mapped instead,
// up to the threshold.
static void keepHeap(void) {
	mallopt(M_TRIM_THRESHOLD, 32 << 20);
	mallopt(M_TOP_PAD, 4 << 20);
}
#else
static void keepHeap(void) {}
#endif
*/
import "C"

// keepHeap keeps the C heap that SQLite uses mapped between commits (glibc
// only; elsewhere it does nothing). Called once from main: a library
// leaves the process's allocator alone.
func keepHeap() { C.keepHeap() }
