// Start-up (accounts mode only): opens the account store beside the main store and builds the account
// service, whose "disable" stops the user's jobs through the job service. Closes the store on shutdown.
import { defineNitroPlugin } from '#imports'
import { useAppContext } from '../core/app-context'
import { createAccountService } from '../core/auth/account-service'
import { setAuthContext } from '../core/auth/auth-context'
import { scryptHasher } from '../core/auth/session'
import { stopUserJobs } from '../core/auth/stop-user-jobs'
import { createAccountStore } from '../core/auth/stores/create-account-store'

export default defineNitroPlugin((nitroApp) => {
  const context = useAppContext()
  const { auth, store } = context.config
  if (auth.mode !== 'accounts') return
  const accountStore = createAccountStore(store)
  setAuthContext({
    store: accountStore,
    service: createAccountService({
      store: accountStore, hasher: scryptHasher, signup: auth.signup, stopUserJobs: userId => stopUserJobs(useAppContext(), userId),
    }),
  })
  nitroApp.hooks.hook('close', async () => {
    await accountStore.close()
    setAuthContext(null)
  })
})
