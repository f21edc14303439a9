# PyTorch peer of bench/Networks (same shapes, float64, one thread): OMP_NUM_THREADS=1 /usr/bin/python3 bench/peers/torch_networks.py
import time, torch, statistics
torch.set_num_threads(1); torch.manual_seed(0)
def med(f, n):
    t=[]
    for _ in range(n):
        s=time.perf_counter(); f(); t.append(time.perf_counter()-s)
    return statistics.median(t)
net=torch.nn.Sequential(torch.nn.Linear(784,128),torch.nn.ReLU(),torch.nn.Linear(128,10)).double()
opt=torch.optim.Adam(net.parameters(),lr=1e-3)
x=torch.rand(64,784,dtype=torch.float64); y=torch.arange(64)%10
lossf=torch.nn.CrossEntropyLoss()
def step():
    opt.zero_grad(); l=lossf(net(x),y); l.backward(); opt.step()
def grad():
    net.zero_grad(); l=lossf(net(x),y); l.backward()
for _ in range(50): step()
print("torch 784-128-10 b64 step median %.3f ms, gradient %.3f ms"%(med(step,300)*1e3, med(grad,300)*1e3))
for (i,h,o,m) in ((4,32,3,150),(24,8,2,200)):
    n2=torch.nn.Sequential(torch.nn.Linear(i,h),torch.nn.Tanh(),torch.nn.Linear(h,o)).double()
    xs=torch.rand(m,i,dtype=torch.float64); ys=torch.arange(m)%o
    def g():
        n2.zero_grad(); l=lossf(n2(xs),ys); l.backward(); return l.item()
    for _ in range(200): g()
    print("torch small %d-%d-%d tanh m=%d value+gradient median %.1f us"%(i,h,o,m, med(g,2000)*1e6))
xs=torch.rand(8000,784,dtype=torch.float64); ys=torch.randint(0,10,(8000,))
def epoch():
    perm=torch.randperm(8000)
    for s in range(125):
        idx=perm[s*64:(s+1)*64]; opt.zero_grad(); l=lossf(net(xs[idx]),ys[idx]); l.backward(); opt.step()
print("torch epoch (125 steps of 64) median %.3f s"%med(epoch,5))
