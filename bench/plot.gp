# bpfsight vs kernel verification time per program, log-log.
# usage: gnuplot -e "tsv='bench/results/bench.tsv'; png='bench/results/time.png'" bench/plot.gp
# Columns (scripts/bench): 7 time_us, 10 peak_rss_kb, 11 k_verdict, 12 k_time_us.
if (!exists("tsv")) tsv = 'bench/results/bench.tsv'
if (!exists("png")) png = 'bench/results/time.png'
set terminal pngcairo size 900,800 font ",11"
set output png
set datafile separator "\t"
set key top left
set logscale xy
set grid
set xlabel "Linux verifier time per program (us, log\\_level 4)"
set ylabel "bpfsight analysis time per program (us)"
set title "bpfsight vs the Linux verifier, shared corpus + corpus/"
set size square
set xrange [1:2e6]
set yrange [1:2e6]
set format xy "10^{%T}"
# both sides measured and non-zero (0 us is below the clocks' resolution)
ok(t, k) = (t > 0 && k > 0) ? t : 1/0
plot tsv using 12:(ok($7, $12)) every ::1 with points pt 7 ps 0.6 lc rgb "#1f77b4" title "programs", \
     x with lines dt 2 lc rgb "#555555" title "equal", \
     10*x with lines dt 3 lc rgb "#aaaaaa" title "10x"
