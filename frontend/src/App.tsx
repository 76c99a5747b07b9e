import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { useAuth } from './auth/AuthProvider';
import { PageLoader } from './components/PageLoader';
import { AppLayout } from './layout/AppLayout';

// Each page is its own chunk: the first load carries only the shell and the page opened.
const Login = lazy(() => import('./pages/auth/LoginPage'));
const Register = lazy(() => import('./pages/auth/RegisterPage'));
const ForgotPassword = lazy(() => import('./pages/auth/ForgotPasswordPage'));
const ResetPassword = lazy(() => import('./pages/auth/ResetPasswordPage'));
const VerifyEmail = lazy(() => import('./pages/auth/VerifyEmailPage'));
const AcceptInvitation = lazy(() => import('./pages/auth/AcceptInvitationPage'));
const Home = lazy(() => import('./pages/HomePage'));
const Onboarding = lazy(() => import('./pages/onboarding/OnboardingPage'));
const Products = lazy(() => import('./pages/products/ProductsPage'));
const Knowledge = lazy(() => import('./pages/knowledge/KnowledgePage'));
const Channels = lazy(() => import('./pages/channels/ChannelsPage'));
const Settings = lazy(() => import('./pages/settings/SettingsPage'));
const Orders = lazy(() => import('./pages/orders/OrdersPage'));
const OrderDetail = lazy(() => import('./pages/orders/OrderDetailPage'));
const Playground = lazy(() => import('./pages/playground/PlaygroundPage'));
const Inbox = lazy(() => import('./pages/inbox/InboxPage'));
const NotFound = lazy(() => import('./pages/NotFoundPage'));

function RequireAuth({ children }: { children: ReactNode }) {
  const { status } = useAuth();
  const location = useLocation();
  if (status === 'unknown') return <PageLoader />;
  if (status === 'signed_out') return <Navigate to="/login" replace state={{ from: location }} />;
  return <>{children}</>;
}

function PublicOnly({ children }: { children: ReactNode }) {
  const { status } = useAuth();
  if (status === 'unknown') return <PageLoader />;
  if (status === 'signed_in') return <Navigate to="/" replace />;
  return <>{children}</>;
}

export function App() {
  return (
    <Suspense fallback={<PageLoader />}>
      <Routes>
        <Route path="/login" element={<PublicOnly><Login /></PublicOnly>} />
        <Route path="/register" element={<PublicOnly><Register /></PublicOnly>} />
        <Route path="/forgot-password" element={<PublicOnly><ForgotPassword /></PublicOnly>} />
        <Route path="/reset-password" element={<ResetPassword />} />
        <Route path="/verify-email" element={<VerifyEmail />} />
        <Route path="/invitations/:token" element={<AcceptInvitation />} />
        <Route element={<RequireAuth><AppLayout /></RequireAuth>}>
          <Route index element={<Home />} />
          <Route path="onboarding" element={<Onboarding />} />
          <Route path="inbox/:conversationId?" element={<Inbox />} />
          <Route path="orders" element={<Orders />} />
          <Route path="orders/:id" element={<OrderDetail />} />
          <Route path="products" element={<Products />} />
          <Route path="knowledge" element={<Knowledge />} />
          <Route path="channels" element={<Channels />} />
          <Route path="playground" element={<Playground />} />
          <Route path="settings" element={<Settings />} />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </Suspense>
  );
}
