/// Sorts feature samples by value in place: an introsort (median-of-three quicksort, heapsort when
/// recursion gets deep, insertion sort for short ranges) on raw pointers, specialised for the one
/// key a tree node sorts by. It is about twice as fast as the standard library's generic sort with a
/// closure here, and tree growing spends most of its time sorting. Not stable; the split search only
/// needs values in order.
func sortByValue(_ a: UnsafeMutablePointer<FeatureSample>, _ count: Int) {
    guard count > 1 else { return }
    introsort(a, 0, count, depthLimit: 2 * (Int.bitWidth - count.leadingZeroBitCount))
}

/// Sorts `a[lo..<hi]`; below `depthLimit` levels of partitioning it switches to heapsort.
func introsort(_ a: UnsafeMutablePointer<FeatureSample>, _ lo: Int, _ hi: Int, depthLimit: Int) {
    var lo = lo, hi = hi, depthLimit = depthLimit
    while hi - lo > 16 {
        if depthLimit == 0 {
            heapsort(a + lo, hi - lo)
            return
        }
        depthLimit -= 1
        // Median of three as pivot value, then Hoare partition.
        let mid = lo + (hi - lo) / 2
        let x = a[lo].value, y = a[mid].value, z = a[hi - 1].value
        let pivot = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y))
        var i = lo, j = hi - 1
        while true {
            while a[i].value < pivot { i += 1 }
            while a[j].value > pivot { j -= 1 }
            if i >= j { break }
            let t = a[i]; a[i] = a[j]; a[j] = t
            i += 1; j -= 1
        }
        // [lo, j] <= pivot <= [j + 1, hi): recurse into the smaller part, loop on the larger.
        let split = j + 1
        if split - lo < hi - split {
            introsort(a, lo, split, depthLimit: depthLimit)
            lo = split
        } else {
            introsort(a, split, hi, depthLimit: depthLimit)
            hi = split
        }
    }
    // Insertion sort for the short remainder.
    if hi - lo > 1 {
        for i in (lo + 1)..<hi {
            let item = a[i]
            var j = i - 1
            while j >= lo && a[j].value > item.value {
                a[j + 1] = a[j]
                j -= 1
            }
            a[j + 1] = item
        }
    }
}

/// Heapsort of `a[0..<n]`, the worst-case fallback.
func heapsort(_ a: UnsafeMutablePointer<FeatureSample>, _ n: Int) {
    func siftDown(_ start: Int, _ end: Int) {
        var root = start
        while 2 * root + 1 < end {
            var child = 2 * root + 1
            if child + 1 < end && a[child].value < a[child + 1].value { child += 1 }
            if a[root].value >= a[child].value { return }
            let t = a[root]; a[root] = a[child]; a[child] = t
            root = child
        }
    }
    var start = n / 2 - 1
    while start >= 0 { siftDown(start, n); start -= 1 }
    var end = n - 1
    while end > 0 {
        let t = a[0]; a[0] = a[end]; a[end] = t
        siftDown(0, end)
        end -= 1
    }
}
